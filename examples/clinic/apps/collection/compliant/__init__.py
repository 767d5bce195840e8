"""The CollectionAgent side of the Logosw connector, written the way the guideline asks."""
