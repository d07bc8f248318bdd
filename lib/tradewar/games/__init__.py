"""Game theory that knows nothing of trade wars: strategic form, trees, (later) repeated games."""
