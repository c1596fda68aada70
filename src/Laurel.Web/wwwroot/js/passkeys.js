// Passkeys (WebAuthn) for Laurel, with no inline script: a form marked data-passkey="create" (add a passkey, on
// /account/two-factor) or data-passkey="get" (sign in with one, on /login/two-factor) fetches the server's options
// from its data-options-url, asks the browser for the credential, puts the credential's JSON in the form's
// CredentialJson field and submits the form.
(function () {
  'use strict';

  function fromBase64Url(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: fromBase64Url(c.id) });
    });
  }

  function creationOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    return Object.assign({}, json, {
      challenge: fromBase64Url(json.challenge),
      user: Object.assign({}, json.user, { id: fromBase64Url(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials)
    });
  }

  function requestOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    return Object.assign({}, json, {
      challenge: fromBase64Url(json.challenge),
      allowCredentials: withIds(json.allowCredentials)
    });
  }

  function credentialJson(credential) {
    if (typeof credential.toJSON === 'function') {
      return JSON.stringify(credential.toJSON());
    }
    var r = credential.response;
    var response = { clientDataJSON: toBase64Url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64Url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64Url(r.authenticatorData);
      response.signature = toBase64Url(r.signature);
      response.userHandle = r.userHandle ? toBase64Url(r.userHandle) : null;
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64Url(credential.rawId),
      type: credential.type,
      response: response,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults()
    });
  }

  async function run(form) {
    var status = form.querySelector('[data-passkey-status]');
    var say = function (text) { if (status) { status.textContent = text; } };
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say('此浏览器不支持通行密钥，请改用身份验证器应用的验证码。');
      return;
    }
    say('请在浏览器弹出的提示中确认…');
    try {
      var antiforgery = form.querySelector('input[name="__RequestVerificationToken"]');
      var answer = await fetch(form.dataset.optionsUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'RequestVerificationToken': antiforgery ? antiforgery.value : '' }
      });
      if (!answer.ok) {
        throw new Error('options ' + answer.status);
      }
      var json = await answer.json();
      var credential = form.dataset.passkey === 'create'
        ? await navigator.credentials.create({ publicKey: creationOptions(json) })
        : await navigator.credentials.get({ publicKey: requestOptions(json) });
      form.querySelector('input[name="CredentialJson"]').value = credentialJson(credential);
      say('正在验证…');
      form.submit();
    } catch (e) {
      say(e && e.name === 'NotAllowedError'
        ? '已取消或超时，未使用通行密钥。可以重试。'
        : '通行密钥操作未完成，请重试或改用验证码。');
    }
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      run(form);
    });
  });
})();
