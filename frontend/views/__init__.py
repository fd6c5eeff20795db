"""Every HTML page of Pavilion, one module per audience (docs/architecture.md). Views are
thin: they read through the domain apps' selectors, shape, and render frontend/ templates."""
