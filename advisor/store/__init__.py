"""Store data: schema, import (CSV/XLSX), SQLite storage, metrics, demo stores, facts."""
