import sys

from luoshi.ingest.cli import main

sys.exit(main(sys.argv[1:]))
