"""Road maps (дорожные карты): municipal and school plans of activities, imported from the
documents departments already have (plain-text, Markdown and DOCX tables) and kept on schedule."""
