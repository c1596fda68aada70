// Laurel's page behaviour, in a file of its own: the Content-Security-Policy runs no inline script.
(function () {
    'use strict';

    // A button or form with data-confirm asks before it submits what cannot be undone; so does a chosen option with one.
    document.addEventListener('submit', function (event) {
        var form = event.target;
        var button = event.submitter;
        var chosen = form.querySelector('option[data-confirm]:checked');
        var message = (button && button.getAttribute('data-confirm')) || (chosen && chosen.getAttribute('data-confirm')) ||
            form.getAttribute('data-confirm');
        if (message && !window.confirm(message)) {
            event.preventDefault();
            return;
        }
        var busy = (button && button.getAttribute('data-busy-text')) || form.getAttribute('data-busy-text');
        if (busy && !event.defaultPrevented) {
            markBusy(form, button, busy);
        }
    });

    // A form sent with data-busy-text (a long compute, an approval): every submit button of the page is disabled until
    // the answer comes, the pressed one shows a spinner and the text, and the page's [data-busy-status] region says it.
    // After the event, not in it: a button disabled now would drop its own name and value from what the form sends.
    function markBusy(form, button, text) {
        window.setTimeout(function () {
            document.querySelectorAll('button[type=submit], input[type=submit]').forEach(function (b) {
                if (!b.disabled) {
                    b.disabled = true;
                    b.setAttribute('data-busy-disabled', '');
                }
            });
            if (button) {
                button.setAttribute('data-busy-label', button.innerHTML);
                button.setAttribute('aria-busy', 'true');
                button.textContent = text;
                var spinner = document.createElement('span');
                spinner.className = 'spinner-border spinner-border-sm me-2';
                spinner.setAttribute('aria-hidden', 'true');
                button.insertBefore(spinner, button.firstChild);
            }
            var status = form.querySelector('[data-busy-status]') || document.querySelector('[data-busy-status]');
            if (status) {
                status.textContent = text + '请稍候，不要关闭或刷新页面。';
            }
        }, 0);
    }

    // Back to a page kept in the browser's cache with its buttons still busy: they work again.
    window.addEventListener('pageshow', function (event) {
        if (!event.persisted) {
            return;
        }
        document.querySelectorAll('[data-busy-disabled]').forEach(function (b) {
            b.disabled = false;
            b.removeAttribute('data-busy-disabled');
            if (b.hasAttribute('data-busy-label')) {
                b.innerHTML = b.getAttribute('data-busy-label');
                b.removeAttribute('data-busy-label');
                b.removeAttribute('aria-busy');
            }
        });
        document.querySelectorAll('[data-busy-status]').forEach(function (s) {
            s.textContent = '';
        });
    });

    // A select with data-shows-fields shows only the field groups (data-for-value) of the chosen value, and none
    // before a value is chosen; without script every group stays shown and usable.
    document.querySelectorAll('select[data-shows-fields]').forEach(function (select) {
        var groups = document.querySelectorAll(select.getAttribute('data-shows-fields'));
        function update() {
            groups.forEach(function (group) {
                group.hidden = group.getAttribute('data-for-value') !== select.value;
            });
        }
        select.addEventListener('change', update);
        update();
    });
})();
