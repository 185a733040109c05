"""Checking a hand-written draft against the records, without Django.

- ``document``: a draft as numbered blocks of text (paragraphs, table
  cells, PDF pages) and the sentences in them;
- ``reading``: .docx, .txt, .md and .pdf into a ``Draft``;
- ``extract``: every figure of a draft, with its sentence and position;
- ``match``: which recorded figure a figure speaks of, by the words around it;
- ``verdict``: matches, differs, inconsistent, stale, no record;
- ``check``: the whole check over a ``Book`` of recorded figures;
- ``annotate``: a Word copy with a comment on each figure, an HTML view.
"""
