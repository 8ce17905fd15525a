"""spaCy's entity recogniser, run for speed: the same entities in about 40% of the CPU time.

Two things make spaCy 3.8's own ``nlp.pipe`` slow here (measured on 150 generated reports and
the real PDFs, ``perf``: half of its time went to them):

- its matrix products go to thinc's BLIS, whose wheel computes them with BLIS's generic
  reference kernel (2.8x slower than numpy's OpenBLAS on one thread on an AVX-512 EPYC);
- its greedy decoding loop (``_parseC``) runs without the GIL, and the wheels for CPython 3.11
  are built with Cython's profiling hooks, which take the GIL back at every call of its helpers.

So the recogniser's layers multiply with numpy (:func:`numpy_products`), and :func:`recognise`
decodes step by step from Python: at each step the scores of every unfinished text of a batch
come from the same model (``model.predict(states)``, in numpy) and the parser's own
``transition_states`` takes, for each, the best-scoring valid action -- the choice its greedy
loop makes. Same entities (spans and labels) on the generated corpus, the real PDFs, the
bundled corpus and the dev reports; bench/entities.py unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

# A batch of texts decoded together: its steps are as many as its longest text's tokens, each
# scores every unfinished text at once. 16 texts was fastest of 1-32 (2.8 s CPU against 3.5 s
# for 32 and 3.6 s for 1, 150 generated reports); the character bound keeps the layers'
# activations of a batch of long pages to tens of MB.
_BATCH_TEXTS = 16
_BATCH_CHARS = 64_000


def numpy_products(nlp: Any) -> None:
    """Have the recogniser's layers multiply with numpy's BLAS instead of BLIS (same results to
    rounding: the entities found are the same)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for node in nlp.get_pipe("ner").model.walk():
        node.ops = ops


def recognise(nlp: Any, texts: Sequence[str]) -> list[Any]:
    """spaCy docs of ``texts`` (one batch) with their named entities set."""
    docs = [nlp.make_doc(text) for text in texts]
    ner = nlp.get_pipe("ner")
    if not any(len(doc) for doc in docs):
        return docs
    batch = ner.moves.init_batch(docs)
    model = ner.model.predict(docs)  # token vectors of the batch, computed once
    states = [state for state in batch if not state.is_final()]
    while states:
        states = ner.transition_states(states, model.predict(states))
    model.clear_memory()
    ner.set_annotations(docs, batch)
    return docs


def batches(texts: Sequence[str]) -> list[list[int]]:
    """Positions of ``texts`` in batches for :func:`recognise`, longest texts first: texts of
    alike length decode in as many steps, and threads that take the next batch finish together."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    found: list[list[int]] = []
    chars = 0
    for i in order:
        if not found or len(found[-1]) >= _BATCH_TEXTS or chars + len(texts[i]) > _BATCH_CHARS:
            found.append([])
            chars = 0
        found[-1].append(i)
        chars += len(texts[i])
    return found


def recognise_all(pipelines: Sequence[Any], texts: Sequence[str]) -> list[Any]:
    """:func:`recognise` over every text, in batches shared out among ``pipelines`` (a thread
    each: the numpy products run without the GIL); the docs in the order of ``texts``."""
    parsed: list[Any] = [None] * len(texts)
    with one_blas_thread():
        if len(pipelines) == 1:
            for batch in batches(texts):
                for i, doc in zip(batch, recognise(pipelines[0], [texts[i] for i in batch]), strict=True):
                    parsed[i] = doc
            return parsed
        import queue
        from concurrent.futures import ThreadPoolExecutor

        free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for nlp in pipelines:
            free.put(nlp)

        def run(batch: list[int]) -> None:
            nlp = free.get()
            try:
                for i, doc in zip(batch, recognise(nlp, [texts[i] for i in batch]), strict=True):
                    parsed[i] = doc
            finally:
                free.put(nlp)

        with ThreadPoolExecutor(len(pipelines), thread_name_prefix="reportqa-entities") as threads:
            list(threads.map(run, batches(texts)))
    return parsed


# numpy's OpenBLAS would run each product on every core: for these small products its threads
# cost more than they give (150 reports, 2 cores: 5.9 s with two BLAS threads, 3.8 s with one;
# two pipelines' threads with one BLAS thread each, 2.6 s). The limit is process-wide, so it is
# held while any recognition runs and lifted when the last one ends; it is numpy's BLAS only
# (faiss's OpenBLAS, torch's and onnxruntime's threads are left alone).
_blas_lock = threading.Lock()
_blas_users = 0
_blas_restore: list[tuple[Any, int]] = []  # (numpy's BLAS library, its threads before)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS held to one thread meanwhile (where threadpoolctl is installed; else as it is)."""
    global _blas_users
    with _blas_lock:
        if _blas_users == 0:
            for library in _numpy_blas():
                _blas_restore.append((library, library.num_threads))
                library.set_num_threads(1)
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            while _blas_users == 0 and _blas_restore:
                library, threads = _blas_restore.pop()
                library.set_num_threads(threads)


def _numpy_blas() -> list[Any]:
    try:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
    except ImportError:
        return []
    return [
        library
        for library in ThreadpoolController().select(user_api="blas").lib_controllers
        if "numpy" in library.filepath  # the copy numpy's wheel ships (numpy.libs/)
    ]
