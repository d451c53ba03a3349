"""Stories: ordered lists of saved views (permalinks) that a presenter steps through, and meeting packs."""
