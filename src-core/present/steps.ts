/**
 * The app's steps, in their order, with the labels the navigation and the desktop menu show. Here, in the
 * pure layer both the renderer and the Electron shell read, so that the two lists cannot drift apart.
 */
export const STEPS = [
  { id: "studies", label: "Studies" },
  { id: "import", label: "Import" },
  { id: "explore", label: "Explore" },
  { id: "model", label: "Model" },
  { id: "results", label: "Results" },
  { id: "report", label: "Report" },
  { id: "audit", label: "Audit trail" },
] as const;

export type Step = (typeof STEPS)[number]["id"];
