import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { describeStorageContracts } from "./all-contracts.js";

describeStorageContracts("SQLite", async () => createSqliteStorage(":memory:"));
