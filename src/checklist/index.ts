/** The Checklist view and the plan-file edits behind it (toggle, mark reviewed). */
export { ChecklistView, ChecklistNode, CHECKLIST_VIEW_ID, TOGGLE_COMMAND } from './checklistView';
export { changeChecklist, checklistOf } from './planEdits';

/** The command that records a review of a component's release notes in a plan (the Release Notes page's "Mark reviewed"). */
export const MARK_REVIEWED_COMMAND = 'upgradePlanner.markReleaseNotesReviewed';
