"""Extract people, document references and indicators from Vietnamese provincial news
and its Polish machine translations."""

__version__ = "0.1.0"

#: Version of the JSON record contract (pipeline/schema/record.schema.json).
SCHEMA_VERSION = "1.1"
