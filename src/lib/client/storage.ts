// Page-side storage persistence: `navigator.storage.persist()` exists on the page only, not in
// workers. Re-exported here so the UI reaches it through the client layer.
export { requestPersistence, storageStatus, type StorageStatus } from '../db/persistence';
