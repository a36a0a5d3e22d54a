-- 0013: wamid_key keeps the order of the ids wharf mints (store/sqlite/wamid_key.h).
--
-- 0012 keyed every message by the FNV-1a hash of its wamid. That scattered wharf's own ids,
-- which are time-ordered, over the whole index: a sandbox send's key landed at a random page, and
-- each of its status updates, moments later, had to find it there (sends took 12 % more CPU).
-- Minted ids are now keyed by their leading time bits and other ids by the hash with the top bit
-- set. wharf_wamid_key() computes the new key; rows keyed by 0012's function are rekeyed (on a
-- database that 0012 migrated with the new function, nothing changes).
UPDATE messages SET wamid_key = wharf_wamid_key(wamid) WHERE wamid_key <> wharf_wamid_key(wamid);
