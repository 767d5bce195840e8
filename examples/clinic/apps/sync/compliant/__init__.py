"""The Doctolib connector written the way the guideline asks: compare file by file with apps/sync/."""
