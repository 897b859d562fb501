/*
 * The practice's intake chat widget. Embed with one tag on any page:
 *   <script src="https://practice.example/widget.js" defer></script>
 * It talks only to the host it was loaded from (its /chat endpoint), keeps nothing in the
 * browser's storage, and shows every message as text: nothing is ever parsed as HTML.
 */
(function () {
  "use strict";

  // currentScript is null when a tag manager injects the tag: then find it by its name.
  var script = document.currentScript || document.querySelector("script[src$='/widget.js']");
  if (!script || window.intakeWidgetLoaded) return;
  window.intakeWidgetLoaded = true;

  var HOST = new URL(script.src, document.baseURI).origin;
  var SLOW_AFTER_MS = 8000;
  var GIVE_UP_AFTER_MS = 45000;
  var MAX_CHARS = 2000;
  var narrow = window.matchMedia("(max-width: 480px)");
  var TEXT = {
    launcher: "Chat with us",
    title: "Private intake chat",
    intro: "Answer at your own pace; you can skip any question. Not for emergencies: call 911, or call or text 988.",
    close: "Close chat",
    log: "Conversation",
    you: "You said: ",
    assistant: "Assistant said: ",
    typing: "The assistant is typing\u2026",
    slow: "Still working on it, thank you for your patience\u2026",
    label: "Your message",
    send: "Send",
    skip: "Skip",
    why: "Why do you ask?",
    remove: "Stop and delete my answers",
    choices: "Choices",
    retry: "Send again",
    down: "Sorry, the assistant isn't answering right now. Nothing you wrote is lost: it is still in the box below, and you can send it again in a moment. You can also call the practice.",
    offline: "You seem to be offline. Nothing you wrote is lost: send it again when you're back online."
  };

  // --- building elements (never innerHTML) ---------------------------------------------------

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function button(label, className) {
    return el("button", { type: "button", "class": className }, label);
  }

  // http(s) links, email addresses, North American phone numbers and the 3-digit crisis lines.
  var LINKS = /(https?:\/\/[^\s<>"']+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|((?:\+?1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4})|\b(988|911)\b/g;

  function linkTo(match) {
    if (match[1]) {
      var url = match[1].replace(/[.,;:!?)\]]+$/, "");
      var parsed;
      try { parsed = new URL(url); } catch (error) { return null; }
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
      return { text: url, href: parsed.href, external: true };
    }
    if (match[2]) {
      var email = match[2].replace(/\.+$/, "");
      return { text: email, href: "mailto:" + email };
    }
    var number = match[3] || match[4];
    return { text: number, href: "tel:" + number.replace(/[^\d+]/g, "") };
  }

  function appendLinkified(parent, text) {
    var at = 0;
    LINKS.lastIndex = 0;
    var match;
    while ((match = LINKS.exec(text)) !== null) {
      var link = linkTo(match);
      if (!link) continue;
      parent.appendChild(document.createTextNode(text.slice(at, match.index)));
      var anchor = el("a", { href: link.href }, link.text);
      if (link.external) {
        anchor.setAttribute("target", "_blank");
        anchor.setAttribute("rel", "noopener noreferrer");
      }
      parent.appendChild(anchor);
      at = match.index + link.text.length;
      LINKS.lastIndex = at;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // --- the widget's elements, in a shadow root so the host page's styles cannot reach them ---

  var hostElement = el("div", { "data-intake-widget": "" });
  var root = hostElement.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: HOST + "/widget.css" }));

  var launcher = el("button", {
    type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "intake-panel"
  }, TEXT.launcher);
  var panel = el("section", {
    id: "intake-panel", "class": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "intake-title"
  });
  panel.hidden = true;

  var header = el("div", { "class": "header" });
  var title = el("h2", { id: "intake-title" }, TEXT.title);
  var closeButton = el("button", { type: "button", "class": "close", "aria-label": TEXT.close }, "\u00d7");
  header.append(title, closeButton);

  var intro = el("p", { "class": "intro" });
  appendLinkified(intro, TEXT.intro);
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": TEXT.log, tabindex: "0" });
  var typing = el("p", { "class": "typing", role: "status" });
  var problem = el("div", { "class": "problem", role: "alert" });
  var problemText = el("p");
  var retryButton = button(TEXT.retry, "retry");
  problem.append(problemText, retryButton);
  problem.hidden = true;

  var quick = el("div", { "class": "quick" });
  var skipButton = button(TEXT.skip, "secondary");
  var whyButton = button(TEXT.why, "secondary");
  quick.append(skipButton, whyButton);

  var form = el("form", { "class": "composer" });
  var label = el("label", { "for": "intake-input" }, TEXT.label);
  var input = el("textarea", { id: "intake-input", rows: "2", maxlength: String(MAX_CHARS), autocomplete: "off" });
  var sendButton = el("button", { type: "submit", "class": "send" }, TEXT.send);
  var row = el("div", { "class": "row" });
  row.append(input, sendButton);
  form.append(label, row);

  var deleteButton = button(TEXT.remove, "delete");
  var footer = el("div", { "class": "footer" });
  footer.append(deleteButton);

  panel.append(header, intro, log, typing, problem, quick, form, footer);
  root.append(panel, launcher);

  // --- talking to the web app ------------------------------------------------------------------

  function ChatError(message) { this.message = message; }

  function request(method, path, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, GIVE_UP_AFTER_MS);
    var options = { method: method, credentials: "include", cache: "no-store", signal: controller.signal };
    if (body) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    return fetch(HOST + path, options)
      .catch(function () { throw new ChatError(navigator.onLine === false ? TEXT.offline : TEXT.down); })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) throw new ChatError(data.message || TEXT.down);
          return data.messages || [];
        });
      })
      .finally(function () { clearTimeout(timer); });
  }

  // --- showing the conversation ----------------------------------------------------------------

  var choices = null;
  var offered = [];

  function show(message) {
    var item = el("div", { "class": "message from-" + (message.from === "client" ? "client" : "assistant") });
    item.appendChild(el("span", { "class": "visually-hidden" }, message.from === "client" ? TEXT.you : TEXT.assistant));
    var body = el("p", { "class": "text" });
    if (message.from === "client") body.textContent = message.text;
    else appendLinkified(body, message.text || "");
    item.appendChild(body);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function showChoices(buttons) {
    removeChoices();
    offered = buttons;
    // One "Skip" is enough: the assistant's own, when it offers one.
    skipButton.hidden = buttons.some(function (offer) { return offer.payload === "skip"; });
    if (!buttons.length) return;
    choices = el("div", { "class": "choices", role: "group", "aria-label": TEXT.choices });
    buttons.forEach(function (offered) {
      var choice = button(offered.title, "choice");
      choice.addEventListener("click", function () {
        send({ button: offered.payload }, offered.title);
      });
      choices.appendChild(choice);
    });
    log.appendChild(choices);
    log.scrollTop = log.scrollHeight;
  }

  function removeChoices() {
    if (choices) choices.remove();
    choices = null;
  }

  function showAll(messages) {
    var buttons = [];
    messages.forEach(function (message) {
      if (message.text) show(message);
      buttons = message.from === "client" ? [] : buttons.concat(message.buttons || []);
    });
    showChoices(buttons);
  }

  var busy = false;
  var slowTimer = null;
  var failed = null;

  function waiting(on) {
    busy = on;
    sendButton.setAttribute("aria-disabled", String(on));
    clearTimeout(slowTimer);
    typing.textContent = on ? TEXT.typing : "";
    typing.classList.toggle("active", on);
    if (on) slowTimer = setTimeout(function () { typing.textContent = TEXT.slow; }, SLOW_AFTER_MS);
  }

  function showProblem(message) {
    problemText.textContent = message;
    problem.hidden = false;
  }

  function send(body, shownAs) {
    if (busy) return Promise.resolve();
    problem.hidden = true;
    failed = null;
    var typed = body.text !== undefined;
    var bubble = shownAs ? show({ from: "client", text: shownAs }) : null;
    if (typed) input.value = "";
    var stillOffered = offered;
    removeChoices();
    waiting(true);
    return request("POST", "/chat/messages", body)
      .then(function (messages) {
        waiting(false);
        showAll(messages);
        if (!panel.contains(root.activeElement) && !panel.hidden) input.focus();
      })
      .catch(function (error) {
        waiting(false);
        if (bubble) bubble.remove();
        if (typed && !input.value) input.value = body.text;
        showChoices(stillOffered);
        failed = { body: body, shownAs: shownAs };
        showProblem(error.message || TEXT.down);
        if (!panel.hidden && !panel.contains(root.activeElement)) retryButton.focus();
      });
  }

  function sendTyped() {
    var text = input.value.trim();
    if (!text || busy) return;
    send({ text: text }, text);
  }

  var started = false;

  function start() {
    if (started) return;
    started = true;
    waiting(true);
    request("GET", "/chat/history")
      .then(function (messages) {
        waiting(false);
        if (messages.length) showAll(messages);
        else return send({ action: "start" });
      })
      .catch(function (error) {
        waiting(false);
        started = false;
        failed = { body: { action: "start" } };
        showProblem(error.message || TEXT.down);
      });
  }

  // --- opening, closing and keeping focus visible ----------------------------------------------

  function isOpen() { return !panel.hidden; }

  function setModal() {
    // Full screen on a phone: the chat is modal, so focus cannot wander behind it.
    panel.setAttribute("aria-modal", String(narrow.matches));
  }

  function open() {
    setModal();
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    hostElement.classList.add("open");
    input.focus();
    start();
  }

  function close(returnFocus) {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    hostElement.classList.remove("open");
    if (returnFocus !== false) launcher.focus();
  }

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("button, textarea, a[href], [tabindex='0']"),
      function (node) { return !node.closest("[hidden]") && node.getClientRects().length; });
  }

  launcher.addEventListener("click", function () { if (isOpen()) close(); else open(); });
  closeButton.addEventListener("click", function () { close(); });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close();
    } else if (event.key === "Tab" && narrow.matches && isOpen()) {
      var nodes = focusables();
      var first = nodes[0], last = nodes[nodes.length - 1];
      if (event.shiftKey && root.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && root.activeElement === last) { event.preventDefault(); first.focus(); }
    }
  });
  narrow.addEventListener("change", function () {
    if (!isOpen()) return;
    setModal();
  });

  // On a wide screen the chat sits beside the page: when focus moves to something on the page that
  // the open chat covers, scroll it clear, or get the chat out of the way (the launcher stays).
  function overlaps(a, b) {
    return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
  }
  document.addEventListener("focusin", function (event) {
    if (!isOpen() || event.target === hostElement) return;
    var covered = panel.getBoundingClientRect();
    var target = event.target.getBoundingClientRect();
    if (!overlaps(target, covered)) return;
    window.scrollBy(0, target.bottom - covered.top + 16);
    if (overlaps(event.target.getBoundingClientRect(), panel.getBoundingClientRect())) close(false);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendTyped();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendTyped();
    }
  });
  skipButton.addEventListener("click", function () { send({ action: "skip" }, TEXT.skip); });
  whyButton.addEventListener("click", function () { send({ action: "why" }, TEXT.why); });
  deleteButton.addEventListener("click", function () { send({ action: "delete" }, TEXT.remove); });
  retryButton.addEventListener("click", function () {
    if (!failed) return;
    if (failed.body.action === "start") { started = false; problem.hidden = true; start(); }
    else if (failed.body.text !== undefined) sendTyped();
    else send(failed.body, failed.shownAs);
  });

  function mount() { document.body.appendChild(hostElement); }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
