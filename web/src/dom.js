// A tiny element builder: el("tr", {className, dataset: {...}, style: "..."}, ...children).
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { dataset, style, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  if (style) node.setAttribute("style", style);
  node.append(...children.filter((c) => c != null));
  return node;
}
