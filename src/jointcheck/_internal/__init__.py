"""Helpers shared by several subpackages; not part of the public API.

A subpackage's own ``_``-prefixed modules are private to it. What two or more subpackages
need (Markdown escaping, constrained field types, ...) lives here instead, so that no
subpackage reaches into another's private modules.
"""
