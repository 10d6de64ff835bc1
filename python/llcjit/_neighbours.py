"""A window filter over a dask array's blocks that reads each block where it
is. Dask's map_overlap first assembles every block with its neighbours'
edges into a new array (a copy of the whole image, into fresh pages) and
the filter then reads that copy. Here the filter reads the block itself,
and only the bands within the window's reach of the block's faces, whose
windows cross into the neighbours, are filtered again from small slabs
assembled from the neighbours' edges: the copies grow with the blocks'
surface, not their volume."""
from __future__ import annotations

import itertools
from functools import partial
from typing import Any, Callable, Sequence

import dask.array as da
import numpy as np
from dask.array.overlap import ensure_minimum_chunksize
from dask.base import tokenize
from dask.highlevelgraph import HighLevelGraph


def _offsets(depth: Sequence[int]) -> list:
    """The neighbours a block reads: offsets of -1, 0 or 1 blocks along
    each axis the window reaches along, not all 0."""
    choices = [(-1, 0, 1) if d else (0,) for d in depth]
    return [o for o in itertools.product(*choices) if any(o)]


def _edges(block: np.ndarray, *, offsets: list, depth: tuple) -> list:
    """For each offset, the part of `block` that the windows of the block
    at that offset from it reach (views)."""
    return [block[tuple(slice(0, d) if o < 0 else slice(-d, None) if o > 0 else slice(None)
                        for o, d in zip(offset, depth))] for offset in offsets]


def _slab(center: np.ndarray, pieces: dict, region: list, depth) -> np.ndarray:
    """The elements at `region` (per axis [start, stop) in the block's
    coordinates, at most depth beyond either face) from the block and its
    neighbours' edges. A missing neighbour (past the padded array's end)
    reads as 0: the outputs that see it are trimmed off."""
    slab = np.zeros([stop - start for start, stop in region], dtype=center.dtype)
    for offset, piece in [((0,) * center.ndim, center), *pieces.items()]:
        if piece is None:
            continue
        into, out_of = [], []
        for (start, stop), o, d, n in zip(region, offset, depth, center.shape):
            first, last = (-d, 0) if o < 0 else (n, n + d) if o > 0 else (0, n)
            low, high = max(start, first), min(stop, last)
            if low >= high:
                break
            into.append(slice(low - start, high - start))
            out_of.append(slice(low - first, high - first))
        else:
            slab[tuple(into)] = piece[tuple(out_of)]
    return slab


def _filter_block(center: np.ndarray, edges: list, *, offsets: list, depth: tuple,
                  block_function: Callable, arguments: dict) -> np.ndarray:
    out = block_function(center, **arguments)
    # The neighbour at offset o holds what this block reaches at its -o.
    pieces = {o: None if bundle is None else bundle[offsets.index(tuple(-k for k in o))]
              for o, bundle in zip(offsets, edges)}
    for axis, d in enumerate(depth):
        if d == 0:
            continue
        n = center.shape[axis]
        low = (0, min(d, n))
        for side, (start, stop) in ((-1, low), (1, (max(n - d, low[1]), n))):
            unit = tuple(side if k == axis else 0 for k in range(center.ndim))
            if start == stop or pieces[unit] is None:
                continue  # past the padded array's end: trimmed off
            region = [(-dk, nk + dk) for dk, nk in zip(depth, center.shape)]
            region[axis] = (start - d, stop + d)
            filtered = block_function(_slab(center, pieces, region, depth), **arguments)
            inner = [slice(dk, dk + nk) for dk, nk in zip(depth, center.shape)]
            inner[axis] = slice(d, d + stop - start)
            band = [slice(None)] * center.ndim
            band[axis] = slice(start, stop)
            out[tuple(band)] = filtered[tuple(inner)]
    return out


def map_neighbourhoods(data: da.Array, depth: tuple, block_function: Callable,
                       dtype: Any, arguments: dict) -> da.Array:
    """block_function(block, **arguments) over every block of `data` as if
    each block carried depth[axis] of its neighbours' elements around it
    along each axis (outputs within depth of the array's own ends read 0
    beyond them: pad the array first and trim them off). Chunks shorter
    than the depth are merged with their neighbours, as map_overlap does."""
    data = data.rechunk(tuple(ensure_minimum_chunksize(d, c) if d else c
                              for d, c in zip(depth, data.chunks)))
    offsets = _offsets(depth)
    token = tokenize(data, depth, block_function, dtype, arguments)
    name, edges = "llcjit-filter-" + token, "llcjit-edge-" + token
    run = partial(_filter_block, offsets=offsets, depth=depth, block_function=block_function,
                  arguments=arguments)
    # One task per block cuts its edges (views with threads, so that only
    # they travel between workers), one filters it.
    cut = partial(_edges, offsets=offsets, depth=depth)
    graph = {(edges, *index): (cut, (data.name, *index)) for index in np.ndindex(*data.numblocks)}
    for index in np.ndindex(*data.numblocks):
        neighbours = [tuple(i + o for i, o in zip(index, offset)) for offset in offsets]
        graph[(name, *index)] = (run, (data.name, *index), [
            (edges, *n) if all(0 <= i < m for i, m in zip(n, data.numblocks)) else None
            for n in neighbours])
    layer = HighLevelGraph.from_collections(name, graph, dependencies=[data])
    return da.Array(layer, name, chunks=data.chunks, dtype=dtype,
                    meta=np.empty((0,) * data.ndim, dtype=dtype))
