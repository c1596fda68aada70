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
        }
    });

    // A select with data-shows-fields shows only the field groups (data-for-value) of the chosen value.
    document.querySelectorAll('select[data-shows-fields]').forEach(function (select) {
        var groups = document.querySelectorAll(select.getAttribute('data-shows-fields'));
        function update() {
            groups.forEach(function (group) {
                group.hidden = select.value !== '' && group.getAttribute('data-for-value') !== select.value;
            });
        }
        select.addEventListener('change', update);
        update();
    });
})();
