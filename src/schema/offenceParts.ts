import { normaliseLabel } from '../core/dataFiles.js';
import type { TableColumn } from './tableHeader.js';

/**
 * Marks each column that is part of a total printed in the same table: ONS prints totals beside
 * their parts on one header row (Table P1, year ending March 2018: "Violence against the person",
 * then "Homicide", "Violence with injury", "Violence without injury", "Stalking and harassment",
 * "Death or serious injury - unlawful driving", which add up to it), so a row's columns must not be
 * added together. `parts` maps a total's label to the labels of its parts (layouts.json).
 */
export function markParts(columns: TableColumn[], parts: Record<string, string[]>): TableColumn[] {
  const present = new Map(columns.map((c) => [normaliseLabel(c.offence), c.offence]));
  const totalOf = new Map<string, string>();
  for (const [total, list] of Object.entries(parts)) {
    const printed = present.get(normaliseLabel(total));
    if (!printed) continue;
    for (const part of list) totalOf.set(normaliseLabel(part), printed);
  }
  return columns.map((c) => ({ ...c, partOf: totalOf.get(normaliseLabel(c.offence)) ?? null }));
}
