"""Reports: the JSON contract, terminal tables, CSV/Parquet and the Excel scorecard."""
