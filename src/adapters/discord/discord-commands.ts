import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocalizationMap,
  PermissionFlagsBits,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';

/**
 * The slash commands sa-quiz registers, with English (default) and Korean names and descriptions,
 * and the translation of `/sa-admin` options into the text `parseAdminCommand` understands.
 */

export const COMMAND_NAMES = { quiz: 'sa-quiz', leaderboard: 'sa-leaderboard', admin: 'sa-admin' } as const;

/** Options of `/sa-quiz` and `/sa-leaderboard`, and the `/sa-admin upload` attachment. */
export const OPTION_NAMES = {
  category: 'category',
  keyword: 'keyword',
  period: 'period',
  file: 'file',
  history: 'history',
  forgetMe: 'forget-me',
} as const;

interface Localized {
  readonly name: string;
  readonly name_localizations: LocalizationMap;
  readonly description: string;
  readonly description_localizations: LocalizationMap;
}

/** name/description in English (the default and en-US/en-GB) and Korean. */
function text(name: string, nameKo: string, description: string, descriptionKo: string): Localized {
  return {
    name,
    name_localizations: { 'en-US': name, 'en-GB': name, ko: nameKo },
    description,
    description_localizations: { 'en-US': description, 'en-GB': description, ko: descriptionKo },
  };
}

function choice(value: string, nameKo: string, name = value): APIApplicationCommandOptionChoice<string> {
  return { name, name_localizations: { 'en-US': name, 'en-GB': name, ko: nameKo }, value };
}

function stringOption(
  localized: Localized,
  extra: {
    required?: boolean;
    choices?: APIApplicationCommandOptionChoice<string>[];
    max_length?: number;
    /** Suggestions while typing (src/adapters/discord/discord-autocomplete.ts); never with choices. */
    autocomplete?: boolean;
  } = {},
): APIApplicationCommandBasicOption {
  const { autocomplete, choices, ...rest } = extra;
  const base = {
    type: ApplicationCommandOptionType.String as const,
    ...localized,
    ...rest,
    required: extra.required ?? false,
  };
  return autocomplete ? { ...base, autocomplete: true } : { ...base, ...(choices ? { choices } : {}) };
}

function subcommand(
  localized: Localized,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, ...localized, options };
}

const GUILD_ONLY = {
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

const quizCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  ...text('sa-quiz', 'sa-퀴즈', 'A private AWS practice question', '나만 보는 AWS 연습 문제'),
  ...GUILD_ONLY,
  options: [
    stringOption(
      text(
        'category',
        '분류',
        'Pillar, exam domain, level or topic, e.g. Security, professional, Generative AI',
        '원칙·도메인·난이도·주제 (예: 보안, professional, 생성형 AI)',
      ),
      { max_length: 100, autocomplete: true },
    ),
    stringOption(
      text('keyword', '키워드', 'Keyword in the question, e.g. S3', '질문에 들어간 키워드 (예: S3)'),
      { max_length: 100, autocomplete: true },
    ),
    {
      type: ApplicationCommandOptionType.Integer,
      ...text(
        'history',
        '지난문제',
        "Instead: this channel's last N questions, each answer again (1-10)",
        '대신 이 채널의 지난 질문 N개와 그 답안 보기 (1-10)',
      ),
      required: false,
      min_value: 1,
      max_value: 10,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      ...text(
        'forget-me',
        '내정보삭제',
        'Instead: delete my answers, streaks and practice in this server (asks first)',
        '대신 이 서버의 내 답변·연속 기록·연습 기록 삭제 (확인 후)',
      ),
      required: false,
    },
  ],
};

const leaderboardCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  ...text(
    'sa-leaderboard',
    'sa-순위',
    "This channel's streaks and answers",
    '이 채널의 연속 기록과 답변 순위',
  ),
  ...GUILD_ONLY,
  options: [
    stringOption(text('period', '기간', 'Period (default: this week)', '기간 (기본: 이번 주)'), {
      choices: [
        choice('week', '이번 주', 'this week'),
        choice('month', '이번 달', 'this month'),
        choice('all', '전체 기간', 'all time'),
      ],
    }),
  ],
};

const adminCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  ...text('sa-admin', 'sa-관리', 'Administer sa-quiz in this channel', '이 채널의 sa-quiz 관리'),
  ...GUILD_ONLY,
  // Manage Server by default; every call is checked again, as server owners can change this.
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  options: [
    subcommand(text('subscribe', '구독', 'Post a daily question here', '이 채널에 매일 질문 게시'), [
      stringOption(text('time', '시간', 'Post time HH:MM (default 09:00)', '출제 시간 HH:MM (기본 09:00)'), {
        max_length: 5,
      }),
      stringOption(
        text('days', '요일', 'Days, e.g. mon-fri or mon,wed,fri', '요일 (예: mon-fri, 월-금, mon,wed,fri)'),
        { max_length: 40 },
      ),
      stringOption(
        text('timezone', '시간대', 'IANA time zone (default Asia/Seoul)', 'IANA 시간대 (기본 Asia/Seoul)'),
        { max_length: 64, autocomplete: true },
      ),
      stringOption(
        text('reveal', '공개시간', 'Reveal time HH:MM (default 18:00)', '답안 공개 시간 HH:MM (기본 18:00)'),
        { max_length: 5 },
      ),
    ]),
    subcommand(text('unsubscribe', '구독해지', 'Stop the daily question', '매일 질문 중단 (기록은 보관)')),
    subcommand(
      text('pause', '일시중지', 'Pause without breaking streaks', '연속 기록을 끊지 않고 일시 중지'),
    ),
    subcommand(text('resume', '재개', 'Resume after a pause', '일시 중지 해제')),
    subcommand(
      text('status', '상태', 'Schedule, language and bank of this channel', '이 채널의 일정·언어·질문 수'),
    ),
    subcommand(text('post-now', '지금출제', 'Post a question now', '지금 질문 게시')),
    subcommand(
      text('reveal-now', '지금공개', 'Reveal the open question now', '진행 중인 질문의 답안 지금 공개'),
    ),
    subcommand(text('lang', '언어', "The bot's language in this channel", '이 채널에서 봇이 쓰는 언어'), [
      stringOption(text('language', '언어', 'Korean or English', '한국어 또는 영어'), {
        required: true,
        choices: [choice('ko', '한국어', '한국어 (Korean)'), choice('en', '영어 (English)', 'English')],
      }),
    ]),
    subcommand(
      text(
        'private',
        '비공개답변',
        'The "Answer privately" button on questions',
        '질문에 "비공개로 답하기" 버튼 붙이기',
      ),
      [
        stringOption(text('mode', '설정', 'On or off', '켜기 또는 끄기'), {
          required: true,
          choices: [choice('on', '켜기', 'on'), choice('off', '끄기', 'off')],
        }),
      ],
    ),
    subcommand(
      text('category', '분류필터', 'Only post questions of these categories', '이 분류의 질문만 게시'),
      [
        stringOption(
          text(
            'categories',
            '분류',
            'Comma-separated pillars, domains, levels or topics, or "all"',
            '쉼표로 구분한 원칙·도메인·난이도·주제, 해제는 all',
          ),
          { required: true, max_length: 200, autocomplete: true },
        ),
      ],
    ),
    subcommand(text('holidays', '공휴일', 'Skip public holidays of a country', '국가 공휴일에는 문제 없음'), [
      stringOption(
        text(
          'country',
          '국가',
          'Two-letter code (KR, US, …), off or auto',
          '두 글자 국가 코드(KR, US…), off, auto',
        ),
        { max_length: 4 },
      ),
    ]),
    subcommand(
      text('off-day', '휴무일', "The channel's own days without a question", '채널 휴무일 추가·삭제'),
      [
        stringOption(text('action', '동작', 'Add or remove', '추가 또는 삭제'), {
          required: true,
          choices: [choice('add', '추가', 'add'), choice('remove', '삭제', 'remove')],
        }),
        stringOption(
          text('dates', '날짜', 'YYYY-MM-DD, several separated by commas', 'YYYY-MM-DD, 여러 개는 쉼표로'),
          {
            required: true,
            max_length: 200,
          },
        ),
      ],
    ),
    subcommand(
      text('reminder', '리마인더', 'A reminder in the thread before the reveal', '공개 전 스레드 리마인더'),
      [
        stringOption(text('hours', '시간', 'Hours before the reveal, or off', '공개 몇 시간 전, 또는 끄기'), {
          required: true,
          choices: [
            choice('off', '끄기', 'off'),
            ...Array.from({ length: 12 }, (_, i) =>
              choice(String(i + 1), `${i + 1}시간 전`, `${i + 1} ${i === 0 ? 'hour' : 'hours'} before`),
            ),
          ],
        }),
      ],
    ),
    subcommand(
      text('digest', '주간요약', "A weekly digest after one day's reveal", '매주 한 요일 공개 뒤 주간 요약'),
      [
        stringOption(text('day', '요일', 'Which day, or off', '요일, 또는 끄기'), {
          required: true,
          choices: [
            choice('off', '끄기', 'off'),
            ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day, i) =>
              choice(day.slice(0, 3).toLowerCase(), `${'월화수목금토일'[i]}요일`, day),
            ),
          ],
        }),
      ],
    ),
    subcommand(
      text(
        'notify-role',
        '알림역할',
        'A role to mention when the question is posted',
        '질문을 올릴 때 멘션할 역할',
      ),
      [
        {
          type: ApplicationCommandOptionType.Role,
          ...text('role', '역할', 'The role (leave empty to stop)', '역할 (비우면 끄기)'),
          required: false,
        },
      ],
    ),
    subcommand(
      text(
        'channel-managers',
        '채널관리자',
        'Let members with Manage Channels administer their channel',
        '채널 관리 권한이 있는 멤버가 자기 채널을 관리',
      ),
      [
        stringOption(
          text('mode', '모드', 'On or off (leave empty to see it)', '켜기 또는 끄기 (비우면 현재 설정)'),
          {
            choices: [choice('on', '켜기', 'on'), choice('off', '끄기', 'off')],
          },
        ),
      ],
    ),
    subcommand(text('upload', '업로드', 'Upload a question bank file', '질문 파일 업로드'), [
      {
        type: ApplicationCommandOptionType.Attachment,
        ...text(
          'file',
          '파일',
          'Markdown, notes, JSON or CSV (max 2 MB)',
          '마크다운·노트·JSON·CSV (최대 2MB)',
        ),
        required: true,
      },
    ]),
    subcommand(text('export', '내보내기', 'Download the question bank', '질문 파일 내려받기'), [
      stringOption(text('format', '형식', 'File format (default md)', '파일 형식 (기본 md)'), {
        choices: [
          choice('md', '마크다운 (md)', 'Markdown (md)'),
          choice('json', 'JSON', 'JSON'),
          choice('csv', 'CSV (스프레드시트)', 'CSV (spreadsheet)'),
          choice('data', '워크스페이스 전체 데이터 (JSON)', "The workspace's whole data (JSON)"),
        ],
      }),
    ]),
    subcommand(text('help', '도움말', 'What /sa-admin can do', '관리자 명령 안내')),
  ],
};

/** Every command sa-quiz registers, as the JSON `PUT /applications/{id}/commands` takes. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [quizCommand, leaderboardCommand, adminCommand];
}

/**
 * A `/sa-admin` subcommand and its options as the text `parseAdminCommand` reads, e.g.
 * `subscribe 09:00 mon-fri Asia/Seoul reveal 18:00`. `option` returns a string option's value.
 */
export function adminCommandText(subcommandName: string, option: (name: string) => string | null): string {
  const word = (name: string): string | null => {
    const value = option(name)?.replace(/\s+/g, '') ?? '';
    return value === '' ? null : value;
  };
  switch (subcommandName) {
    case 'subscribe': {
      const reveal = word('reveal');
      return ['subscribe', word('time'), word('days'), word('timezone'), reveal ? `reveal ${reveal}` : null]
        .filter((part) => part !== null)
        .join(' ');
    }
    case 'lang':
      return `lang ${word('language') ?? ''}`.trim();
    case 'private':
      return `private ${word('mode') ?? ''}`.trim();
    case 'channel-managers':
      return `channel-managers ${word('mode') ?? ''}`.trim();
    case 'category':
      return `category ${(option('categories') ?? '').trim()}`.trim();
    case 'export':
      return `export ${word('format') ?? 'md'}`;
    case 'holidays':
      return `holidays ${word('country') ?? ''}`.trim();
    case 'notify-role':
      return `notify-role ${word('role') ?? 'off'}`;
    case 'off-day':
      return `off-day ${word('action') ?? ''} ${word('dates') ?? ''}`.trim();
    case 'reminder':
      return `reminder ${word('hours') ?? ''}`.trim();
    case 'digest':
      return `digest ${word('day') ?? ''}`.trim();
    default:
      return subcommandName;
  }
}

export interface RegisterCommandsOptions {
  readonly token: string;
  readonly applicationId: string;
  /** `DISCORD_API_URL`; Discord's own API when undefined. */
  readonly apiUrl?: string | undefined;
  /** Registers in one server (instant) instead of globally. */
  readonly guildId?: string | undefined;
}

/**
 * `sa-quiz discord register [--guild ID]`: replaces the application's commands (global, or one
 * server's) with sa-quiz's. Returns how many commands Discord now has.
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<number> {
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(
    options.token,
  );
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: commandDefinitions() })) as unknown[];
  return registered.length;
}
