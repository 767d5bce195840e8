"""The Logosw import written the way the guideline asks: compare with apps/imports/."""
