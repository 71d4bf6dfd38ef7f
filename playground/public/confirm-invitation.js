'use strict';
/* global window, document, fetch, URLSearchParams */

// The demo's invitation page: checks the token, asks for a password when the account has none, and
// accepts, all through the groups plugin's Content API (POST /api/groups/invitations/check and /accept).
(function () {
  var token = new URLSearchParams(window.location.search).get('token') || '';
  var status = document.getElementById('status');
  var form = document.getElementById('accept');
  var error = document.getElementById('error');
  var password = document.getElementById('password');

  var post = function (path, body) {
    return fetch('/api/groups/invitations/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok)
          throw new Error((json.error && json.error.message) || 'The invitation could not be read.');
        return json;
      });
    });
  };

  var needsPassword = false;
  post('check', { token: token })
    .then(function (answer) {
      var info = answer.data;
      needsPassword = info.needsPassword;
      status.textContent = '';
      document.getElementById('greeting').textContent =
        'Hello ' + info.username + ' (' + info.email + '): you are invited to join ' + info.group.name + '.';
      document.getElementById('password-field').hidden = !needsPassword;
      form.hidden = false;
    })
    .catch(function (e) {
      status.textContent = '';
      error.textContent = e.message;
    });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    error.textContent = '';
    var body = { token: token };
    if (needsPassword) body.password = password.value;
    post('accept', body)
      .then(function (answer) {
        form.hidden = true;
        status.textContent =
          'Welcome, ' +
          answer.user.username +
          '. You are now a member of ' +
          answer.groups
            .map(function (g) {
              return g.name;
            })
            .join(', ') +
          '. You can sign in with ' +
          answer.user.email +
          '.';
      })
      .catch(function (e) {
        error.textContent = e.message;
      });
  });
})();
