;;; Runs in `emacs --batch` after the README's init.el: opens a C file of the tree in c-mode, starts eglot as a
;;; user's hook would, waits for the diagnostics in Flymake, asks ElDoc's hover function at a call, runs
;;; memhp-review-patch, and writes what Emacs shows as JSON to $MEMHP_OUT.
(require 'eglot)
(require 'json)

(defun memhp-test-wait (pred seconds)
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.1))
    (funcall pred)))

(defun memhp-test-diagnostic (d)
  (save-excursion
    (goto-char (flymake-diagnostic-beg d))
    (list (cons 'line (line-number-at-pos))
          (cons 'type (symbol-name (flymake-diagnostic-type d)))
          (cons 'text (flymake-diagnostic-text d)))))

(let (result hover)
  (find-file (getenv "MEMHP_FILE"))
  (c-mode)
  (eglot-ensure)
  ;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
  (run-hooks 'post-command-hook)
  (push (cons 'connected (and (memhp-test-wait #'eglot-current-server 20) t)) result)
  (unless (eglot-current-server)
    (with-temp-file (getenv "MEMHP_OUT") (insert (json-encode result)))
    (kill-emacs 0))
  (flymake-start)
  (push (cons 'published (and (memhp-test-wait #'flymake-diagnostics 120) t)) result)
  (push (cons 'diagnostics
              (vconcat (mapcar #'memhp-test-diagnostic
                               (sort (flymake-diagnostics)
                                     (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
        result)
  (goto-char (point-min))
  (forward-line (1- (string-to-number (getenv "MEMHP_HOVER_LINE"))))
  (forward-char (string-to-number (getenv "MEMHP_HOVER_COLUMN")))
  (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover info)))
  (push (cons 'hover (if (memhp-test-wait (lambda () hover) 60) hover "")) result)
  (memhp-review-patch (getenv "MEMHP_MBOX"))
  (push (cons 'review (with-current-buffer "*memhp review*" (buffer-string))) result)
  (with-temp-file (getenv "MEMHP_OUT") (insert (json-encode result))))
(kill-emacs 0)
