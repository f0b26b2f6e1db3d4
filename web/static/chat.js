// My Review's web chat. Everything works without this script; it only adds:
// quick exit that replaces the history entry, voice recording, and a note when
// a new message arrives. It keeps nothing in the browser (no localStorage).
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-exit");

  function quickExit(event) {
    if (event) event.preventDefault();
    // End the session without waiting, then leave: replace() keeps this page out
    // of the back button's history.
    try { navigator.sendBeacon("/exit"); } catch (e) { /* leave anyway */ }
    document.body.innerHTML = "";
    window.location.replace(exitUrl);
  }
  var exit = document.getElementById("quick-exit");
  if (exit) exit.addEventListener("click", quickExit);
  var lastEsc = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEsc < 800) quickExit(event);
    lastEsc = now;
  });

  // A link's first page: leave the token's URL at once.
  var go = document.querySelector("[data-go]");
  if (go) window.location.replace(go.getAttribute("data-go"));

  // Forms: one tap sends once.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
  });
  var box = document.getElementById("text");
  if (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && box.value.trim()) {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  }
  var end = document.getElementById("end");
  if (end && window.location.hash === "#end") end.scrollIntoView();

  // Voice: record in the browser where it can, else the file input stays.
  var record = document.getElementById("record");
  var form = document.getElementById("voice-form");
  if (record && form && window.MediaRecorder && navigator.mediaDevices) {
    record.hidden = false;
    var recorder = null, chunks = [], started = 0;
    var startLabel = record.textContent, stopLabel = record.getAttribute("data-stop");
    var status = document.getElementById("recording");
    record.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) chunks.push(e.data); });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          status.hidden = true;
          record.textContent = startLabel;
          var type = recorder.mimeType || "audio/webm";
          var file = new File(chunks, "voice." + (type.indexOf("mp4") >= 0 ? "m4a" : "webm"), { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          form.querySelector("input[type=file]").files = transfer.files;
          form.querySelector("input[name=seconds]").value = String(Math.round((Date.now() - started) / 1000));
          chunks = [];
          form.requestSubmit();
        });
        started = Date.now();
        recorder.start();
        status.hidden = false;
        record.textContent = stopLabel;
      }).catch(function () { record.hidden = true; });
    });
  }

  // A new message (an answer from the IRO): say so, never reload over typing.
  var chat = document.getElementById("chat");
  var fresh = document.getElementById("fresh");
  if (chat && fresh && window.fetch) {
    var newest = chat.getAttribute("data-newest");
    setInterval(function () {
      fetch("/newest", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { window.location.replace("/"); return; }
          if (String(data.newest) !== newest) fresh.hidden = false;
        }).catch(function () {});
    }, 20000);
  }
})();
