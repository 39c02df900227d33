console.debug("kb.js loaded");
