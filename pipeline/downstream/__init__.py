"""What happens to records after extraction: database import (`export`), the who's-who across
articles (`people`), translation pairs and their disagreements (`pairs`), the review page
(`report`). Every command reads RECORDS: a `.jsonl` file, a folder of per-document `.json` files,
or several of them."""
