/**
 * Property files sized with {@link propertyRuns} (tests/property-runs.ts): a few runs under
 * `npm test`, their full counts in the `long` project (`npm run test:long`), which takes these
 * files besides `*.long.test.ts`. tests/structure/long-properties.test.ts checks the list is whole.
 */
export const LONG_PROPERTIES = [
  'tests/boot/multiboot2-fuzz.test.ts',
  'tests/mm/block-run.property.test.ts',
  'tests/mm/block-set-forms.property.test.ts',
  'tests/mm/block-set.property.test.ts',
  'tests/mm/buddy-front.property.test.ts',
  'tests/mm/buddy-many-free.property.test.ts',
  'tests/mm/buddy-vs-reference.property.test.ts',
  'tests/mm/frame-bitmap-frame.property.test.ts',
  'tests/mm/frame-bitmap.test.ts',
  'tests/mm/lazy-chunks.property.test.ts',
  'tests/mm/page-handles.property.test.ts',
  'tests/mm/page-meta-bulk.property.test.ts',
  'tests/mm/page-table/cursor.property.test.ts',
];
