// Registers the service worker that keeps Kinerja usable offline, and offers
// a reload when a new version has been installed: the version never changes
// under someone in the middle of their work without asking. The offer sits
// outside <body>, so it never touches what the app renders.
(function () {
  if (!("serviceWorker" in navigator)) return;
  var english = document.documentElement.lang === "en";
  var hadController = !!navigator.serviceWorker.controller;

  function offer(worker) {
    if (document.getElementById("update-prompt")) return;
    var bar = document.createElement("div");
    bar.id = "update-prompt";
    bar.className = "update-prompt";
    bar.setAttribute("role", "status");
    bar.setAttribute("data-testid", "update-prompt");
    var text = document.createElement("span");
    text.textContent = english ? "A new version of Kinerja is ready." : "Versi baru Kinerja sudah siap.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = english ? "Reload" : "Muat ulang";
    button.addEventListener("click", function () {
      worker.postMessage("skip-waiting");
    });
    bar.append(text, " ", button);
    document.documentElement.appendChild(bar);
  }

  navigator.serviceWorker.register("/sw.js").then(function (registration) {
    // A browser whose policy blocks workers may answer without a registration.
    if (!registration) return;
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  });

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadController) location.reload();
  });
})();
