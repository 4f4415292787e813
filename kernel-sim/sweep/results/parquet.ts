/**
 * Parquet files of result tables: columns to Arrow (flechette, the Arrow library arquero is
 * built on) to Parquet (parquet-wasm, the Rust `parquet` crate compiled to WebAssembly, zstd
 * compressed), and back into arquero tables. DuckDB, pandas (pyarrow) and polars read the files.
 * @module
 */
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import { bool, float64, tableFromArrays, tableToIPC, utf8 } from '@uwdata/flechette';
import * as pw from 'parquet-wasm';
import { SweepResultsError } from '../errors.js';
import { columnType, type Columns } from './columns.js';

/** Parquet bytes of `cols` (a column typed by its values: float64, bool or utf8). */
export function columnsToParquet(cols: Columns): Uint8Array {
  const types: Record<string, ReturnType<typeof float64> | ReturnType<typeof bool> | ReturnType<typeof utf8>> = {};
  const data: Record<string, unknown[]> = {};
  for (const [name, values] of Object.entries(cols)) {
    const t = columnType(values);
    types[name] = t === 'number' ? float64() : t === 'boolean' ? bool() : utf8();
    data[name] = t === 'string' ? values.map((v) => (v === null ? null : String(v))) : values;
  }
  const ipc = tableToIPC(tableFromArrays(data, { types }), { format: 'stream' });
  if (!ipc) throw new SweepResultsError('(parquet)', 'the Arrow writer returned nothing');
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD).build();
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), props);
}

/** The Parquet file at `path` as an arquero table. @throws SweepResultsError for a missing or damaged file. */
export function readParquetTable(path: string): aq.ColumnTable {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SweepResultsError(path, `cannot be read: ${(e as Error).message}`);
  }
  try {
    return aq.fromArrow(pw.readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new SweepResultsError(path, `is not a readable Parquet file: ${String((e as Error)?.message ?? e)}`);
  }
}
