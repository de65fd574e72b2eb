export { collectDoctorReport } from "./collect.ts";
export { renderReport } from "./render.ts";
