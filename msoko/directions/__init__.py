"""The ten directions of the quality system, one package each with the same file names
(selectors, services, views, urls, compute, charts), and the registry that declares them."""
