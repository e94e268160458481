/**
 * Dates and numbers in the reader's language, through Intl. The formatting is the engine's
 * (briefing/local-dates.ts): Discord shows the same dates as the views it renders.
 */
export { formatDate, formatNumber } from '../briefing/local-dates.js';
