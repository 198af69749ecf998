"""Stores the graph can live in besides memory: Neo4j."""

from .neo4j import Neo4jStore, StoreDataError, StoreError

__all__ = ["Neo4jStore", "StoreError", "StoreDataError"]
