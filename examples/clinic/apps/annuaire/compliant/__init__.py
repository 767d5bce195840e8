"""The INPI registry connector written the way the guideline asks: compare with apps/annuaire/."""
