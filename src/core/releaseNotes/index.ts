export * from './model';
export { releaseNotesView, componentNotes } from './view';
export { allowedLink, releaseUrl, securityUrl, sourceOf, ALLOWED_LINK_HOSTS } from './links';
export { planRanges } from './planRanges';
