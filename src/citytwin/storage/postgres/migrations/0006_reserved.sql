-- Version 6 is an embedded-only change (entity counts per type, kept by SQLite triggers, for deep pages and
-- counts without a scan); this file keeps the two backends' migration numbers aligned.
select 1;
