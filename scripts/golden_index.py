"""The JSON encoding of index expressions shared by the indexing golden generators.

  int               -> 3
  None              -> null
  Ellipsis          -> "..."
  slice(a, b, c)    -> {"slice": [a, b, c]}
  int ndarray       -> {"arr": nested list}     (int32)
  bool ndarray      -> {"bool": nested list}
  plain JS list     -> {"list": nested list}    (passed as a JS array)
"""
import numpy as np


def decode(i):
    if i is None:
        return None
    if i == "...":
        return Ellipsis
    if isinstance(i, int):
        return i
    if "slice" in i:
        return slice(*i["slice"])
    if "arr" in i:
        return np.array(i["arr"], dtype=np.int32)
    if "bool" in i:
        return np.array(i["bool"], dtype=bool)
    if "list" in i:
        v = np.array(i["list"])
        return v.astype(np.int32) if v.dtype != bool and v.size else v.astype(bool if v.dtype == bool else np.int32)
    raise ValueError(i)
