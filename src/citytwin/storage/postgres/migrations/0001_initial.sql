-- citytwin PostgreSQL/PostGIS schema, version 1: entities, attribute history and documents of every tenant.
-- Runs inside the migration transaction with search_path = <store schema>, public (PostGIS lives in public).
-- Text keys use the "C" collation so that ORDER BY id is code-point order, as in the SQLite backend.

create table entities (
    tenant      text collate "C" not null,
    id          text collate "C" not null,
    type        text collate "C" not null,    -- primary (first) type
    types       text[] collate "C" not null,
    scope       text[] collate "C" not null default '{}',
    level       smallint,                     -- cimLevel as 1..7
    admin_code  text collate "C",             -- canonical GB/T 2260 form of adminCode (prefix queries)
    grid        bigint,                       -- level-10 BeiDou code of the location's representative point in
                                              -- prefix order; below 2^62, so a signed bigint holds it as is
    created_at  timestamptz not null,
    modified_at timestamptz not null,
    doc         jsonb not null,               -- attributes in the layout of citytwin.storage.codec; the default
                                              -- location instance keeps "v": null here because ...
    geojson     text,                         -- ... its GeoJSON text is kept verbatim in this column
    geom        geometry(Geometry, 4326),     -- ... and its geometry here (coordinates are costly in jsonb)
    primary key (tenant, id)
);
create index entities_geom_gist on entities using gist (geom);
create index entities_tenant_grid on entities (tenant, grid);
create index entities_tenant_admin on entities (tenant, admin_code text_pattern_ops);
create index entities_types_gin on entities using gin (types);

create table history (
    tenant      text collate "C" not null,
    entity_id   text collate "C" not null,
    attr        text collate "C" not null,
    dataset_id  text collate "C",
    ts          timestamptz not null,
    value       jsonb not null,
    value_num   double precision,             -- the value when it is a number (not a boolean), for aggregates
    unit        text,
    entity_type text,
    instance_id text collate "C",
    seq         bigint generated always as identity  -- arrival order: breaks ties between equal timestamps
);
-- Idempotent appends: a second (entity, attr, instance_id) is ignored; NULL instance ids never collide.
create unique index history_instance_uq on history (tenant, entity_id, attr, instance_id);
create index history_entity_attr_ts on history (tenant, entity_id, attr, ts);
create index history_ts_brin on history using brin (ts);

create table documents (
    tenant text collate "C" not null,
    kind   text collate "C" not null,
    id     text collate "C" not null,
    doc    jsonb not null,
    primary key (tenant, kind, id)
);

-- The instances of the location attribute with the default GeoProperty's value put back from its column.
create function ct_location(attr jsonb, geojson text) returns jsonb
language sql immutable parallel safe
as $$
    select case when geojson is null or attr is null then attr
        else (select jsonb_agg(case when e ->> 't' = 'GeoProperty' and not e ? 'd'
                                    then jsonb_set(e, '{v}', geojson::jsonb) else e end)
              from jsonb_array_elements(attr) e)
    end
$$;

-- An instant as citytwin.core.timeutil.format_instant writes it: UTC, microseconds only when present, "Z".
create function ct_instant_text(ts timestamptz) returns text
language sql immutable parallel safe
as $$
    select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || case when extract(microseconds from ts)::bigint % 1000000 = 0 then ''
                else '.' || lpad((extract(microseconds from ts)::bigint % 1000000)::text, 6, '0') end
        || 'Z'
$$;

-- An ISO 8601 date-time as parse_instant reads it (naive means UTC, digits past microseconds are dropped);
-- NULL for anything else, so that comparisons with date-times skip strings that are not instants.
create function ct_instant(txt text) returns timestamptz
language plpgsql immutable parallel safe set timezone to 'UTC'
as $$
declare
    m text[];
begin
    m := regexp_match(txt, '^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$');
    if m is null then
        return null;
    end if;
    return (m[1] || ' ' || coalesce(m[2], '00') || ':' || coalesce(m[3], '00') || ':' || coalesce(m[4], '00')
            || coalesce('.' || m[5], '') || case when m[6] is null or m[6] = 'Z' then '+00' else m[6] end
           )::timestamptz;
exception when others then
    return null;
end
$$;
