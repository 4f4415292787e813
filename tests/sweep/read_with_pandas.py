"""Reads a Parquet file with pandas and prints what it got as JSON, for tests/sweep/parquet-readers.ts.

usage: python3 read_with_pandas.py FILE ENGINE   (ENGINE: pyarrow or fastparquet)
"""
import json
import math
import sys

import pandas as pd

path, engine = sys.argv[1], sys.argv[2]
df = pd.read_parquet(path, engine=engine)


def cell(v):
    # Missing values come back as None, NaN or pd.NA depending on the column's dtype.
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


out = {
    "pandas": pd.__version__,
    "rows": int(len(df)),
    "columns": [str(c) for c in df.columns],
    "dtypes": [str(t) for t in df.dtypes],
    "values": {str(c): [cell(v) for v in df[c].tolist()] for c in df.columns},
}
if engine == "pyarrow":
    import pyarrow.parquet as pq

    out["arrowTypes"] = [str(f.type) for f in pq.read_schema(path)]
json.dump(out, sys.stdout)
