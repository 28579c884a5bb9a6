/** English, the two levels of government: where a person works (/donvi) and the province's view of its communes. */
import type { jurisdictions as vi } from '../vi/jurisdictions.js';

export const jurisdictions: Record<keyof typeof vi, string> = {
  'cmd.seat': 'choose where you work (when you hold roles in several places)',
  'seat.none': 'You have not been invited to any unit yet. Send the invite code the standing office gave you.',
  'seat.only': 'You are working as {role} of {unit} ({jurisdiction}). This account has one place of work.',
  'seat.choose': 'You hold roles in {n} places. Working now: {current}.\nChoose where to work:',
  'seat.label': '{unit} — {role} ({jurisdiction})',
  'seat.label_commune': '{unit} — for the commune at {jurisdiction}',
  'seat.current_mark': '✓ {label}',
  'seat.switched': 'From your next message you work at: {label}.',
  'seat.same': 'You are already working here: {label}.',
  'seat.acting_in': 'This button belongs to {place}: you are now working there (switch back with /donvi).',
  'seat.unknown': 'That place of work is not one of this account’s, so nothing changed. Type /donvi to see yours.',
  'seat.not_found': 'There is no place of work "{arg}". Type /donvi to choose from the list.',
  'rollup.title': '🏛 Communes and wards of {jurisdiction} (read only):',
  'rollup.line': '• {name}: {open} open deadlines; {done}/{total} unit answers submitted',
  'rollup.none_open': '• {name}: no open deadline',
  'rollup.historical': '• {name} (until {until}): kept for history',
  'rollup.more': '… and {n} more.',
};
