// Drafts of long forms (an inspection being recorded on the factory floor)
// kept in IndexedDB, so an app restart or a lost tab keeps the work, photos
// included (Blobs are stored as they are). One record per key; the caller
// puts the user's id in the key, so another user on the phone never sees it.
import { openDB } from 'idb';

const STORE = 'drafts';

export function createDrafts(dbName = 'gendan-drafts') {
  let dbp = null;
  const db = () => {
    if (!dbp) {
      dbp = openDB(dbName, 1, {
        upgrade(d) {
          d.createObjectStore(STORE);
        },
        blocking() {
          dbp?.then((d) => d.close()).catch(() => {});
          dbp = null;
        },
      });
      dbp.catch(() => {
        dbp = null;
      });
    }
    return dbp;
  };
  return {
    /** The draft under key, or null. */
    async get(key) {
      return (await (await db()).get(STORE, key)) ?? null;
    },
    /** Stores value (a structured-cloneable object) under key, with the time. */
    async put(key, value) {
      await (await db()).put(STORE, { ...value, savedAt: Date.now() }, key);
    },
    async remove(key) {
      await (await db()).delete(STORE, key);
    },
    async close() {
      const p = dbp;
      dbp = null;
      if (p) (await p).close();
    },
  };
}

export const drafts = createDrafts();
