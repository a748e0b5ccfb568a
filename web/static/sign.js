// The signature pad: draw on the canvas with a finger, pen or mouse; the drawing goes into the
// form as a PNG data URL. Served as a file because the page's CSP allows no inline script.
(function () {
  "use strict";
  var canvas = document.getElementById("pad");
  var field = document.getElementById("signature");
  var form = document.getElementById("accept-form");
  if (!canvas || !field || !form) { return; }
  var ctx = canvas.getContext("2d");
  var drawing = false;
  var drawn = false;
  var last = null;

  function setup() {
    // Keep the drawing sharp on high-density screens: the bitmap follows the displayed size.
    var ratio = window.devicePixelRatio || 1;
    var box = canvas.getBoundingClientRect();
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 2.4;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#14213d";
    drawn = false;
    field.value = "";
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    ctx.beginPath();
    ctx.arc(last.x, last.y, 1.1, 0, 2 * Math.PI);
    ctx.fill();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var next = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    last = next;
    drawn = true;
  });
  function finish() {
    if (!drawing) { return; }
    drawing = false;
    if (drawn) { field.value = canvas.toDataURL("image/png"); }
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  document.getElementById("clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    setup();
  });
  form.addEventListener("submit", function () {
    // One submission: a second click while the first is on its way sends nothing more.
    var button = document.getElementById("accept");
    if (button.disabled) { return; }
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
  setup();
}());
