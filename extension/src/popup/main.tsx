import { firstReads } from "./first-reads.ts";
import { startPopup } from "./start.tsx";

await startPopup(firstReads);
