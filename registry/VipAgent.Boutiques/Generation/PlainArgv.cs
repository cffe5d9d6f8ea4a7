using System.Text;
using System.Text.RegularExpressions;

namespace VipAgent.Boutiques.Generation;

/// <summary>
/// The argv of a command line that is a simple command of literal words: unquoted words of
/// shell-safe characters, single-quoted text, and double-quoted text without <c>$ ` \</c>.
/// Anything else (operators, redirections, globs, variables, an assignment or reserved word first)
/// needs a shell, and the answer is <c>null</c>.
/// </summary>
public static partial class PlainArgv
{
    private static readonly HashSet<string> ReservedWords = ["if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "function", "select", "time"];

    public static IReadOnlyList<string>? Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '\'' or '"')
            {
                var end = commandLine.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return null;
                }

                var quoted = commandLine.AsSpan(i + 1, end - i - 1);
                if (c == '"' && quoted.IndexOfAny("$`\\") >= 0)
                {
                    return null;
                }

                word.Append(quoted);
                i = end;
            }
            else if (ShellQuote.IsSafe(c))
            {
                word.Append(c);
            }
            else
            {
                return null;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words.Count == 0 || ReservedWords.Contains(words[0]) || Assignment().IsMatch(FirstUnquotedPrefix(commandLine)) ? null : words;
    }

    private static string FirstUnquotedPrefix(string commandLine)
    {
        var trimmed = commandLine.TrimStart(' ');
        var end = trimmed.IndexOfAny([' ', '\'', '"']);
        return end < 0 ? trimmed : trimmed[..end];
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
