/** The journal beside a plan: what every preflight, override, backup, dry run and (later) run step records. Pure. */
export * from './entries';
export { MAX_ENTRY_CHARS, MAX_JOURNAL_CHARS, isJournalEntry, isJournalRecord, journalFileName, journalLine, parseJournal, type ParsedJournal } from './lines';
