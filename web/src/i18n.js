// Chinese and English UI text; the choice is kept in localStorage and the ?lang= parameter.
const TEXT = {
  title: ["深圳城市数字孪生", "Shenzhen city digital twin"],
  layers: ["图层", "Layers"],
  catalog: ["数据目录", "Data catalogue"],
  colourBy: ["专题着色", "Colour by"],
  dashboard: ["指标看板", "Indicator dashboard"],
  alertsEvents: ["告警与事件", "Alerts and events"],
  scenarios: ["情景模拟", "Scenarios"],
  history: ["历史", "History"],
  live: ["实时", "Live"],
  buildings: ["建筑", "Buildings"],
  devices: ["感知设备", "Devices"],
  none: ["无", "None"],
  indicator: ["指标", "Indicator"],
  attribute: ["建筑属性", "Building attribute"],
  loadingTiles: ["正在生成三维瓦片", "Preparing 3D tiles"],
  tilesReady: ["三维瓦片就绪", "3D tiles ready"],
  buildingsShown: ["栋建筑", "buildings"],
  connected: ["实时连接", "Live"],
  disconnected: ["连接中断", "Offline"],
  entity: ["实体", "Entity"],
  liveValues: ["实时数值", "Live values"],
  historyChart: ["历史曲线", "History chart"],
  relationships: ["关联关系", "Relationships"],
  eventsHere: ["相关事件", "Events here"],
  noData: ["暂无数据", "No data"],
  openAlerts: ["未关闭告警", "Open alerts"],
  gridEvents: ["网格事件", "Grid events"],
  flyTo: ["定位", "Fly to"],
  city: ["全市", "City"],
  area: ["区域", "Area"],
  value: ["数值", "Value"],
  severity: ["等级", "Severity"],
  analyticsOff: ["分析服务未启动（serve --analytics）", "Analytics are not running (serve --analytics)"],
  floodDepth: ["内涝水深", "Flood depth"],
  noFloodRuns: ["暂无内涝模拟结果", "No flood runs with frames yet"],
  play: ["播放", "Play"],
  time: ["时间", "Time"],
  attr: ["属性", "Attribute"],
  observedAt: ["观测时间", "Observed"],
  at: ["时刻", "at"],
  actionDone: ["已执行", "Done"],
  assigneePrompt: ["指派给谁？", "Assign to whom?"],
  category: ["类别", "Category"],
  status: ["状态", "Status"],
  datasets: ["数据集", "datasets"],
  rendering: ["渲染", "Rendering"],
  act_assign: ["指派", "assign"],
  act_accept: ["受理", "accept"],
  act_start: ["处置", "start"],
  act_resolve: ["办结", "resolve"],
  act_close: ["关闭", "close"],
  act_reopen: ["重开", "reopen"],
  act_escalate: ["上报", "escalate"],
  logIn: ["登录", "Log in"],
  logOut: ["退出", "Log out"],
  username: ["用户名", "Username"],
  password: ["密码", "Password"],
  orToken: ["或粘贴 API 密钥 / 令牌", "or paste an API key / token"],
  pasteToken: ["ctk_… 或 eyJ…", "ctk_… or eyJ…"],
  loginRefused: ["服务器拒绝了该凭据", "The server refused these credentials"],
  noLogin: ["未启用认证", "authentication off"],
};

let lang = new URLSearchParams(location.search).get("lang") || localStorage.getItem("citytwin.lang") || "zh";
const listeners = [];

export function t(key) {
  const pair = TEXT[key];
  if (!pair) return key;
  return lang === "en" ? pair[1] : pair[0];
}

export function language() {
  return lang;
}

/** A {zh, en} map (LanguageProperty) in the current language. */
export function pick(names) {
  if (names == null) return "";
  if (typeof names === "string") return names;
  return (lang === "en" ? names.en || names.zh : names.zh || names.en) || Object.values(names)[0] || "";
}

export function setLanguage(next) {
  lang = next;
  localStorage.setItem("citytwin.lang", lang);
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  applyStatic();
  for (const fn of listeners) fn(lang);
}

export function onLanguage(fn) {
  listeners.push(fn);
}

export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}
