"""Stand-in servers and scoring shared by the tests and the benchmarks.

Importable without pytest: the stand-ins need aiohttp (the `bench` extra), nothing else.
"""
