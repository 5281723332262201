// Starts textual.js's terminal once the served fonts are loaded: xterm draws on a canvas and
// keeps each glyph it drew, so a sign drawn before its font arrived would stay an empty box.
(function () {
  "use strict";
  const startTerminal = window.onload; // set by textual.js, loaded just before this file
  window.onload = null;

  window.addEventListener("load", async (event) => {
    // The token has been put in a cookie: take it out of the address bar (a projected screen,
    // the history and a shared link then never show it); a reload is carried by the cookie.
    const url = new URL(window.location.href);
    if (url.searchParams.has("jeton")) {
      url.searchParams.delete("jeton");
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
    for (const id of ["start", "restart"]) {
      document.getElementById(id).addEventListener("click", () => window.location.reload());
    }
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => null)));
    if (startTerminal) startTerminal(event);
  });
})();
