"""The Pennylane connector written the way the guideline asks: compare with apps/pennylane_sync/."""
