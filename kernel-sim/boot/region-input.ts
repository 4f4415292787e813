/**
 * Reads memory regions from any of the inputs kernel-sim accepts: a Multiboot2 information
 * structure (.mbi), a Linux boot log with BIOS-e820 lines, or a JSON region list.
 * @module
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { BugSet } from '../bugs/index.js';
import { parseE820, looksLikeE820 } from './e820.js';
import { initMemoryRegions, type MemoryLayout, type SourcedRegion } from './init-memory-regions.js';
import { regionTypeFromMmap } from './memory-region.js';
import { readMbiFile, type MultibootInfo } from './multiboot2/index.js';
import { nonOverlappingRegionsFrom } from './non-overlapping.js';
import { regionsFromJson, RegionListError } from './region-list.js';
import { parseJsonText } from '../util/json-text.js';

/** The kinds of input files. */
export type RegionInputKind = 'mbi' | 'e820' | 'json';

/** A memory layout read from a file, with what kind of file it was. */
export interface LoadedLayout extends MemoryLayout {
  readonly kind: RegionInputKind;
  /** The parsed MBI, for .mbi inputs. */
  readonly mbi?: MultibootInfo;
}

/**
 * Guesses the kind of a region input from its first bytes: text with BIOS-e820 lines, text
 * opening with '[' (JSON), else binary (an MBI: its reserved field alone holds NUL bytes).
 */
export function detectRegionInputKind(head: Uint8Array): RegionInputKind {
  if (head.includes(0)) return 'mbi';
  const text = new TextDecoder('utf-8').decode(head);
  if (looksLikeE820(text)) return 'e820';
  return /^\s*\[/.test(text) ? 'json' : 'mbi';
}

/**
 * Loads a memory layout from text or JSON: e820 entries and JSON regions are taken as the memory
 * map alone (no framebuffer, kernel or module regions) and made non-overlapping.
 */
export function layoutFromText(text: string, kind: 'e820' | 'json', bugs?: BugSet): LoadedLayout {
  let input: SourcedRegion[];
  if (kind === 'e820') {
    input = parseE820(text).map((e, index) => ({
      base: e.base, len: e.length, type: regionTypeFromMmap(e.type), source: { kind: 'mmap', index, mmapType: e.type },
    }));
  } else {
    let json: unknown;
    try {
      json = parseJsonText(text);
    } catch (e) {
      throw new RegionListError(undefined, `not valid JSON: ${(e as Error).message}`);
    }
    input = regionsFromJson(json).map((r, index) => ({ ...r, source: { kind: 'mmap', index, mmapType: -1 } }));
  }
  const regions = nonOverlappingRegionsFrom(input, { bugs });
  return { kind, input, regions, hasFramebuffer: false };
}

/**
 * Loads a memory layout from a file of any accepted kind.
 * @throws MultibootError, E820ParseError, RegionListError or MemoryLayoutError for bad input.
 */
export function loadLayout(path: string, opts: { bugs?: BugSet; kind?: RegionInputKind } = {}): LoadedLayout {
  const kind = opts.kind ?? detectRegionInputKind(readHead(path));
  if (kind === 'mbi') {
    const { info } = readMbiFile(path);
    return { kind, mbi: info, ...initMemoryRegions(info, { bugs: opts.bugs }) };
  }
  return layoutFromText(readFileSync(path, 'utf8'), kind, opts.bugs);
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(4096);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
